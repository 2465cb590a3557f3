// Reads BPMN files with bpmn-moddle (with the Zeebe extension, as Camunda
// Modeler does) and lints them with bpmnlint, printing one JSON object per
// file on standard output:
//
//   {"file": "...", "warnings": ["..."], "reports": [{"config": "...",
//    "rule": "...", "id": "...", "category": "error|warn", "message": "..."}]}
//
// Usage: node check.js TOOLS_DIR CONFIG[,CONFIG...] FILE...
// TOOLS_DIR holds node_modules with bpmn-moddle, zeebe-bpmn-moddle,
// bpmnlint and bpmnlint-plugin-camunda-compat. Each CONFIG is a bpmnlint
// configuration to extend, e.g. bpmnlint:recommended or
// plugin:camunda-compat/camunda-cloud-8-5; each is linted on its own, so
// that a report names the configuration it came from.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { createRequire } = require('node:module');

async function main() {
  const [toolsDir, configList, ...files] = process.argv.slice(2);
  if (!toolsDir || !configList || files.length === 0) {
    console.error('usage: node check.js TOOLS_DIR CONFIG[,CONFIG...] FILE...');
    process.exit(2);
  }
  const toolsRequire = createRequire(path.join(path.resolve(toolsDir), 'package.json'));
  const { BpmnModdle } = toolsRequire('bpmn-moddle');
  const zeebe = toolsRequire('zeebe-bpmn-moddle/resources/zeebe.json');
  const { Linter } = toolsRequire('bpmnlint');
  const NodeResolver = toolsRequire('bpmnlint/lib/resolver/node-resolver');
  const resolver = new NodeResolver({ require: toolsRequire });
  const configs = configList.split(',');

  for (const file of files) {
    const xml = fs.readFileSync(file, 'utf8');
    const moddle = new BpmnModdle({ zeebe });
    const { rootElement, warnings } = await moddle.fromXML(xml, 'bpmn:Definitions');
    const reports = [];
    for (const config of configs) {
      const linter = new Linter({ config: { extends: config }, resolver });
      const results = await linter.lint(rootElement);
      for (const [rule, entries] of Object.entries(results)) {
        for (const entry of entries) {
          reports.push({
            config,
            rule,
            id: entry.id || '',
            category: entry.category,
            message: entry.message,
          });
        }
      }
    }
    console.log(JSON.stringify({
      file,
      warnings: warnings.map((w) => w.message),
      reports,
    }));
  }
}

main().catch((error) => {
  console.error(error && error.stack || String(error));
  process.exit(1);
});
