// Reads [{name, query, parameters}] as JSON on stdin; prints [{name, diagnostics}] with Neo4j's own parser.
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const { lintCypherQuery } = require("@neo4j-cypher/language-support");

let input = "";
process.stdin.setEncoding("utf8");
for await (const chunk of process.stdin) input += chunk;
const items = JSON.parse(input);
const out = items.map(({ name, query, parameters }) => {
  const result = lintCypherQuery(query, { parameters: parameters || {} });
  return {
    name,
    diagnostics: (result.diagnostics || []).map((d) => ({
      severity: d.severity,
      message: d.message,
      line: d.range ? d.range.start.line + 1 : null,
      column: d.range ? d.range.start.character + 1 : null,
    })),
  };
});
process.stdout.write(JSON.stringify(out));
