"""Ralph's LRS app for the conformance suite.

Ralph's filesystem LRS backend writes statements with the "create" operation,
which refuses to touch its statements file once it exists: every write after
the first fails with "Statements bulk indexation failed". Appending is what an
LRS file needs, so the suite serves Ralph's own app with that one default
changed (and without `ralph runserver`'s file-watching reloader, so the
server is a single process the suite can stop by PID).
"""
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs import fs

fs.FSLRSBackend.default_operation_type = BaseOperationType.APPEND

from ralph.api import app  # noqa: E402,F401
