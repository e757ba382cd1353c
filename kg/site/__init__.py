"""The static linked-data site of a built store (`kg site`).

write.py        write_site(store_dir, out, lang=, base_url=, workers=): the entry point
describe.py     Things, description, serialize_description: what has a page, its RDF
                (shared with kg.serve)
paths.py        Layout: the file of each page and alternate; relative links
data.py         SiteData: names and relations of the things, read in bulk
findings.py     the SHACL report's findings the open data may show, by thing
vocabulary.py   the ontology's terms and names (ns.html, property names)
texts.py        the interface's words in fi, sv, en; money, numbers, dates
links.py        Linker: the links and values of one page, as HTML
pages.py        ThingPages: the content of a thing's page; tables and charts as HTML
indexes.py      the home, index, dataset, quality, search and ontology pages
schemaorg.py    the schema.org part of a description, embedded as JSON-LD
render.py       the Jinja2 templates (templates/) and the frame of every page
thingfiles.py   a thing's files (alternates, pages, chart tables), here or in workers
files.py        SiteFiles: each file of the site written once
publish.py      .htaccess (303 redirects of the IRIs) and sitemap.xml
search.py       the Pagefind index
charts.py       the charts as static SVG (with chart_bars, chart_network, chart_svg)
"""
