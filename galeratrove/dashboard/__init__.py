"""The Database Clusters panel: static pages plus a Keystone sign-in.

``static/`` holds the page (HTML, CSS and JavaScript modules, no build
step); :mod:`galeratrove.api.controllers.dashboard` serves it under
``/dashboard``. :mod:`.session` gets Keystone tokens and keeps them in an
HttpOnly cookie; :mod:`.middleware` turns that cookie back into
``X-Auth-Token`` for keystonemiddleware.
"""
