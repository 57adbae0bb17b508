"""Translation: the course's texts as XLIFF 2.0 units, written back all or nothing; the record of which source
each translation was made from (stale warnings in validate); OpenCC conversion between Chinese scripts.

Only the `coursebuild translate` commands and one check in `validate` use this package; building never does.
See docs/translation.md.
"""
