"""kirjasto-kg: project records of Finnish public libraries as a linked-data knowledge graph.

The pipeline, one module per arrow (see DESIGN.md)::

    record text --kg.records--> Record --kg.mapping.record--> quads --kg.store.graph_store--> store
    store --kg.validation.validate--> SHACL report              (later: queries, exports, registry
    links)
"""

__version__ = "0.1.0"
