// title: Reuse candidates
// description: Members that do not use a component yet although another of their projects shares a technology with a project reusing it.
// param: component | string | s:wave | key of the component (Service.id)
// phrase: reuse candidates for {component}
// (the component's users and its projects' technologies are gathered once: one walk per technology, not per pair of projects)
// tags: components
MATCH (s:Service) WHERE s.id = $component
OPTIONAL MATCH (s)<-[:USES]-(d:Member)
WITH s, collect(DISTINCT d.id) AS direct_users
OPTIONAL MATCH (s)<-[:REUSES|DELIVERS]-(up:Project)-[:FOR]->(v:Member)
WITH s, direct_users, collect(DISTINCT v.id) AS project_users
MATCH (s)<-[:REUSES|DELIVERS]-(used:Project)-[:USES]->(t:Technology)
WITH direct_users + project_users AS users, collect(DISTINCT t) AS technologies
UNWIND technologies AS t
MATCH (t)<-[:USES]-(other:Project)-[:FOR]->(m:Member)
WHERE NOT m.id IN users
RETURN coalesce(m.acronym, m.name) AS member, collect(DISTINCT other.name) AS their_projects,
       collect(DISTINCT t.name) AS shared_technologies, count(DISTINCT t) AS overlap
ORDER BY overlap DESC, member
