"""Ralph's LRS app as the tests run it (`uvicorn tests.cmi5.ralph_server:app`).

Ralph 5.1's file-system LRS backend writes with the `create` operation by default, which refuses to touch
a statements file that exists: every POST after the first fails with 500 "Statements bulk indexation
failed". Its data backend supports `append`, which is what an LRS holding statements in one file needs, so
the backend's default is set to it before Ralph's app is imported. Nothing else of Ralph is changed.
"""

from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

from ralph.api import app  # noqa: E402  (after the backend's default is set)

__all__ = ["app"]
