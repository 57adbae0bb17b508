"""cmi5: the course as an xAPI-based package (cmi5.xml at the zip root, assignable units that talk to an LRS).

- `iri`       the stable publisher ids (IRIs) of the course, its lessons, units and objectives;
- `structure` what cmi5.xml says (a plan made from the course model) and its XML;
- `checks`    the generated cmi5.xml checked offline against the official XSD and, like ADL's CATAPULT
              importer, for what the XSD cannot see (absolute and unique IRIs, objective references,
              launch URLs that exist in the zip and do not collide with the launch parameters).

The `-f cmi5` builder and the AU side of the runtime use these; docs/cmi5.md says what the package holds.
"""
