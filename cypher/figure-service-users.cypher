// title: Who shares a component
// description: A reusable component or service and its users: the projects that reuse or deliver it, their client institutions, and the institutions and applications that the report says use it.
// param: service | string | s:wave | key of the component (Service.id)
// picker: service = component
// phrase: who shares {service}
// phrase: users of {service}
// tags: figure
MATCH (s:Service {id: $service})
OPTIONAL MATCH (p:Project)-[r:REUSES|DELIVERS]->(s)
OPTIONAL MATCH (p)-[f:FOR]->(c)
OPTIONAL MATCH (u)-[d:USES]->(s)
RETURN s, p, r, f, c, u, d
