"""Request context: who is asking, for which project, and with what roles."""

from oslo_context import context


class RequestContext(context.RequestContext):
    """A Trove-style context; ``tenant`` is the project in the URL."""

    @property
    def tenant(self):
        return self.project_id

    def to_policy_values(self):
        values = super().to_policy_values()
        values['tenant'] = self.project_id
        return values

    @classmethod
    def from_dict(cls, values, **kwargs):
        kwargs.setdefault('is_admin', values.get('is_admin', False))
        return super().from_dict(values, **kwargs)


class GuestContext(RequestContext):
    """What a guest's sealed message proves: which instance, sent when.

    It grants nothing: no project, no roles, never admin.
    """

    def __init__(self, instance_id, sent_at):
        super().__init__(is_admin=False, roles=[], overwrite=False)
        self.instance_id = instance_id
        self.sent_at = sent_at


def guest_context(instance_id, sent_at):
    return GuestContext(instance_id, sent_at)


def admin_context():
    """The service's own context, for work not done on a user's behalf."""
    return RequestContext(is_admin=True, roles=['admin'],
                          overwrite=False)
