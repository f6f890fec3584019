// title: Members sharing a component
// description: Members whose projects reuse a component, or who state they use it directly, with the projects.
// param: component | string | s:wave | key of the component (Service.id)
// phrase: members using {component}
// tags: components
MATCH (s:Service) WHERE s.id = $component
MATCH (p:Project)-[:REUSES]->(s)
MATCH (p)-[:FOR]->(m:Member)
RETURN m.acronym AS member, m.name AS name, m.category AS category, collect(DISTINCT p.name) AS projects
ORDER BY size(projects) DESC, member
