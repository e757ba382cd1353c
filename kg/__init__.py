"""kirjasto-kg: project records of Finnish public libraries as a linked-data knowledge graph.

The pipeline, one module per arrow (see DESIGN.md)::

    record text --kg.records--> Record --> (later: graph, validation, queries, exports)
"""

__version__ = "0.1.0"
