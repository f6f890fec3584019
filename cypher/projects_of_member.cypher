// title: Projects of a member
// description: The projects a member is a client of (by acronym or key), with status, page and how the client was written.
// param: member | string | m:onss | acronym or key of the member (Member.acronym or Member.id)
// phrase: projects of {member}
// tags: members
MATCH (p:Project)-[f:FOR]->(m:Member)
WHERE m.acronym = $member OR m.id = $member
RETURN p.name AS project, p.status AS status, p.page AS page, f.raw AS written_as, f.rule AS resolved_by
ORDER BY project
