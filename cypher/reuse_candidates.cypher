// title: Reuse candidates
// description: Members that do not use a component yet although another of their projects shares a technology with a project reusing it.
// param: component | string | s:wave | key of the component (Service.id)
// phrase: reuse candidates for {component}
// tags: components
MATCH (s:Service) WHERE s.id = $component
MATCH (user:Project)-[:REUSES|DELIVERS]->(s)
MATCH (user)-[:USES]->(t:Technology)<-[:USES]-(other:Project)-[:FOR]->(m:Member)
WHERE NOT (other)-[:REUSES|DELIVERS]->(s) AND NOT (m)-[:USES]->(s)
  AND NOT (m)<-[:FOR]-(:Project)-[:REUSES|DELIVERS]->(s)
RETURN coalesce(m.acronym, m.name) AS member, collect(DISTINCT other.name) AS their_projects,
       collect(DISTINCT t.name) AS shared_technologies, count(DISTINCT t) AS overlap
ORDER BY overlap DESC, member
