"""The outside registries a library or municipality is linked to, one module each.

    config          RegistryConfig: URLs, contact, cache, timeouts, deadline; from a config file
    http            RegistryClient, JsonAnswer: the one session (kg.http), every failure a
                    LookupFailure (kg.errors) naming registry, key and URL
    guard           when a run stops asking a registry (connection failed, deadline passed)
    isil            the Finnish ISIL registry: check ISILs, propose ISILs by name
    kirkanta        Kirjastohakemisto (Kirkanta v4): match libraries by name and municipality
    wikidata        items by ISIL (P791), business ID (P12980), municipality number (P1203)
    ytj             PRH/YTJ v3: business IDs and their registered names
    municipalities  municipality numbers and their code-list IRIs
    matching        the name score
    report          LibraryRef, Candidate, Disagreement, LookupReport, exit_code

Every look-up returns plain values carrying their evidence (registry, key, method, score,
request URL, retrieval time) and a LookupReport; a failed look-up is a warning, never the
end of the others.
"""
