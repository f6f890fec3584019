// title: Who shares a component
// description: A reusable component or service, the projects that reuse it, their client institutions, and the institutions that state they use it.
// param: service | string | s:wave | key of the component (Service.id)
// picker: service = component
// phrase: who shares {service}
// tags: figure
MATCH (s:Service {id: $service})
OPTIONAL MATCH (p:Project)-[r:REUSES]->(s)
OPTIONAL MATCH (p)-[f:FOR]->(c)
OPTIONAL MATCH (u)-[d:USES]->(s)
RETURN s, p, r, f, c, u, d
