"""Ralph's LRS app for the conformance suite.

Ralph's filesystem LRS backend writes statements with the "create" operation,
which refuses to touch its statements file once it exists: every write after
the first fails with "Statements bulk indexation failed". Appending is what an
LRS file needs, so the suite serves Ralph's own app with that one default
changed (and without `ralph runserver`'s file-watching reloader, so the
server is a single process the suite can stop by PID).

Its filesystem backend also compares each statement's verb and activity ids
with the query's `verb` and `activity` as Ralph's API hands them over:
wrapped in its IRI type, which never equals a plain string, so a query by
verb or activity finds nothing. They are turned back into text first.
"""
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs import fs

fs.FSLRSBackend.default_operation_type = BaseOperationType.APPEND

_query_statements = fs.FSLRSBackend.query_statements


def _query_with_plain_ids(self, params, target=None):
    for name in ("verb", "activity"):
        value = getattr(params, name, None)
        if value is not None and not isinstance(value, str):
            setattr(params, name, str(value))
    return _query_statements(self, params, target)


fs.FSLRSBackend.query_statements = _query_with_plain_ids

from ralph.api import app  # noqa: E402,F401
