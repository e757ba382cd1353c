"""The parts of `kg.linking.link`: what to look up, what the answers link, and the graphs they make.

targets   read_targets(store)                -> the libraries and legal bodies to look up
links     isil_links, kirkanta_links, ...    -> registry answers as Link values
graph     registry_quads(registry, links)    -> one registry's named graph
"""
