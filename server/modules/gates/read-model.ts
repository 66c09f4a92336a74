/** What other modules read of the go/no-go gates: the latest decision per item, and whether it allows going live. */
export { allowsGoLive, createLatestDecisions, latestDecision, latestDecisions, presentDecision, type DecisionRow } from './store.ts';
