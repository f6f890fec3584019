// title: What changed: projects
// description: Projects new, ended, renamed or with another status from one edition of the report to another, with the report line in each (graphs loaded from several reports).
// param: before | int | 2025 | the earlier edition (year)
// param: after | int | 2026 | the later edition (year)
// tags: editions, projects
MATCH (e1:Edition) WHERE e1.year = $before
MATCH (e2:Edition) WHERE e2.year = $after
MATCH (p:Project)
WHERE $before IN p.editions OR $after IN p.editions
WITH p, range(0, size(p.editions) - 1) AS ix
WITH p,
     [i IN ix WHERE p.editions[i] = $before | p.status_by_edition[i]][0] AS status_before,
     [i IN ix WHERE p.editions[i] = $after | p.status_by_edition[i]][0] AS status_after,
     [i IN ix WHERE p.editions[i] = $before | p.status_norm_by_edition[i]][0] AS norm_before,
     [i IN ix WHERE p.editions[i] = $after | p.status_norm_by_edition[i]][0] AS norm_after,
     [i IN ix WHERE p.editions[i] = $before | p.name_by_edition[i]][0] AS name_before,
     [i IN ix WHERE p.editions[i] = $after | p.name_by_edition[i]][0] AS name_after,
     [i IN ix WHERE p.editions[i] = $before | p.line_by_edition[i]][0] AS line_before,
     [i IN ix WHERE p.editions[i] = $after | p.line_by_edition[i]][0] AS line_after
WITH p, status_before, status_after, line_before, line_after, name_before, name_after,
     CASE WHEN line_before IS NULL THEN 'new project'
          WHEN line_after IS NULL THEN 'ended project'
          WHEN norm_before <> norm_after THEN 'status'
          WHEN name_before <> name_after THEN 'renamed' END AS change
WHERE change IS NOT NULL
RETURN change, p.id AS key, p.name AS project,
       CASE WHEN change = 'renamed' THEN name_before ELSE status_before END AS before,
       CASE WHEN change = 'renamed' THEN name_after ELSE status_after END AS after,
       line_before, line_after
ORDER BY change, key
