// Evaluates rampart's differential cases with @cloud-copilot/iam-simulate, an independent
// implementation of AWS's policy evaluation. Reads a JSON array of cases on stdin and prints
// a JSON array with one verdict per case: "Allowed", "ExplicitlyDenied" or "ImplicitlyDenied".
'use strict';
const { runUnsafeSimulation } = require('@cloud-copilot/iam-simulate');

const input = require('fs').readFileSync(0, 'utf8');
const cases = JSON.parse(input);
const out = cases.map((c) => {
  const simulation = {
    request: {
      principal: c.principal,
      action: c.action,
      resource: { resource: c.resource, accountId: c.account },
      contextVariables: c.context,
    },
    identityPolicies: c.identity.map((policy, i) => ({ name: `p${i}`, policy })),
    // One entry per level of the organization, root first, account last.
    serviceControlPolicies: (c.scps || []).map((level, i) => ({
      orgIdentifier: i === 0 ? 'r-root' : `ou-level-${i}`,
      policies: level.map((policy, j) => ({ name: `scp${i}-${j}`, policy })),
    })),
    resourceControlPolicies: [],
  };
  if (c.boundary) {
    simulation.permissionBoundaryPolicies = c.boundary.map((policy, i) => ({ name: `b${i}`, policy }));
  }
  try {
    return runUnsafeSimulation(simulation, {});
  } catch (e) {
    return `error: ${e.message}`;
  }
});
process.stdout.write(JSON.stringify(out));
