"""The packages of galeratrove import one another without cycles.

Each directory of the source tree is one node; a module's imports,
including those inside functions, are edges from its package to the
package of what it imports. A cycle means two packages cannot be
understood (or loaded) one without the other, so the test fails on any.
"""

import ast
import os

import galeratrove

ROOT = os.path.dirname(os.path.abspath(galeratrove.__file__))
TOP = 'galeratrove'


def _modules():
    """(dotted module name, is_package_init, path) of every source file."""
    for dirpath, dirnames, filenames in os.walk(ROOT):
        dirnames[:] = [d for d in dirnames if d != '__pycache__']
        rel = os.path.relpath(dirpath, os.path.dirname(ROOT))
        package = rel.replace(os.sep, '.')
        for name in filenames:
            if name.endswith('.py'):
                module = (package if name == '__init__.py'
                          else '%s.%s' % (package, name[:-3]))
                yield module, package, os.path.join(dirpath, name)


def _packages():
    return {package for _, package, _ in _modules()}


def _package_of(target, packages):
    """The deepest package of the tree that holds ``target``."""
    parts = target.split('.')
    while parts:
        name = '.'.join(parts)
        if name in packages:
            return name
        parts.pop()
    return None


def _imported(tree, module, package):
    """Dotted names every import of the module may refer to."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split('.')
                base = base[:len(base) - node.level + 1]
                prefix = '.'.join(base + ([node.module] if node.module
                                          else []))
            else:
                prefix = node.module
            for alias in node.names:
                # ``from pkg import mod`` names a module or an attribute.
                yield '%s.%s' % (prefix, alias.name)


def import_graph():
    """{package: {imported package: [importing module, ...]}}."""
    packages = _packages()
    graph = {p: {} for p in packages}
    for module, package, path in _modules():
        with open(path) as f:
            tree = ast.parse(f.read(), path)
        for name in _imported(tree, module, package):
            if not name.startswith(TOP + '.') and name != TOP:
                continue
            target = _package_of(name, packages)
            if target and target != package:
                graph[package].setdefault(target, []).append(module)
    return graph


def _cycles(graph):
    """Strongly connected components with more than one package."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def _describe(graph, component):
    members = set(component)
    lines = []
    for p in component:
        for q, modules in sorted(graph[p].items()):
            if q in members:
                lines.append('  %s -> %s (%s)' % (
                    p, q, ', '.join(sorted(set(modules)))))
    return '\n'.join(lines)


def test_graph_sees_function_level_imports():
    graph = import_graph()
    # service.py imports the conductor manager inside a function.
    assert 'galeratrove.conductor' in graph['galeratrove']


def test_no_package_import_cycles():
    graph = import_graph()
    cycles = _cycles(graph)
    assert not cycles, 'package import cycles:\n' + '\n\n'.join(
        _describe(graph, c) for c in cycles)
