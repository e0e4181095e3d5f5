/** `kreach connectivity`: the whole-cluster matrix and single questions, re-exported in one place. */
export { podClasses, policyVocabulary, type PodClass, type PodClasses, type PolicyVocabulary } from './classes.js';
export { closeMatches } from './close-matches.js';
export { resolveEnd, type QuestionEnd, type Resolved } from './endpoints.js';
export { IpSegments, formatRange, type IpSegment } from './ip-segments.js';
export { PeerMatches } from './peer-matches.js';
export { ConnectivityMatrix, UNDEFINED, namespaceMatcher } from './matrix.js';
export { graphPeers, type GraphPeer } from './peers.js';
export { ask, type Answer, type Asked, type Outcome, type OutcomeGroup } from './question.js';
export { REPORT_FORMATS, renderMarkdown, renderReport, renderText, type ReportFormat } from './render.js';
export { renderDot } from './render-dot.js';
export { connectivityDocument, renderJson, renderYaml, type ConnectivityDocument, type ConnectionDocument, type PeerDocument } from './render-json.js';
export { answerDocument, renderAnswer, renderAnswerText, type AnswerDocument } from './render-question.js';
export { connectivityReport, reportOf, type Connection, type ConnectivityReport, type ReportOptions, type UndefinedNote } from './report.js';
export { SetTable } from './set-table.js';
export { SideTables } from './side-tables.js';
