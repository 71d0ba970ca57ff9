"""Settings in layers: ``base`` (shared) → ``dev`` / ``test`` / ``production``.

Each concern (database, storage, search, LTI, tasks) has its own module, and every value that
comes from the environment is read in :mod:`intelligent_center.settings.env`.
"""
