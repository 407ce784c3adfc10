// `npm run verdicts`: proves every shipped pattern linear with recheck and records the verdicts in
// test/analyze/linear-verdicts.json, so the unit suite need not prove unchanged patterns again.
import { LINEAR_CASES } from '../test/analyze/linear-cases.ts';
import { recordVerdicts } from '../test/analyze/linear-verdicts.ts';

const { added, total } = recordVerdicts(LINEAR_CASES.map(([, re]) => re));
process.stdout.write(`linear-time verdicts: ${total} recorded (${added} newly proven)\n`);
