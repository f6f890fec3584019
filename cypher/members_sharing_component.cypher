// title: Members sharing a component
// description: Members who use a component: directly, or as clients of a project that reuses or delivers it, with those projects.
// param: component | string | s:wave | key of the component (Service.id)
// phrase: members using {component}
// tags: components
MATCH (s:Service) WHERE s.id = $component
OPTIONAL MATCH (s)<-[:REUSES|DELIVERS]-(:Project)-[:FOR]->(m1:Member)
OPTIONAL MATCH (s)<-[:USES]-(m2:Member)
WITH s, collect(DISTINCT m1) + collect(DISTINCT m2) AS found
UNWIND found AS m
WITH DISTINCT s, m
OPTIONAL MATCH (m)<-[:FOR]-(p:Project)-[:REUSES|DELIVERS]->(s)
RETURN m.acronym AS member, m.name AS name, m.category AS category, collect(DISTINCT p.name) AS projects
ORDER BY size(projects) DESC, member
