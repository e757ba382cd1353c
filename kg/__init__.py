"""kirjasto-kg: project records of Finnish public libraries as a linked-data knowledge graph.

The pipeline, one module per arrow (see DESIGN.md)::

    record text --kg.records--> Record --kg.mapping--> quads --kg.store--> store
    store --kg.validate--> SHACL report              (later: queries, exports, registry links)
"""

__version__ = "0.1.0"
