// What the LMS holds at the end of a session under each reporting option, as
// docs/publishing.md ("What the LMS is told") promises, for a course whose
// completion rule is "both" (every lesson viewed and the assessment passed):
// option → outcome → [SCORM 1.2 lesson_status, SCORM 2004 "completion/success"].
export const EXPECTED = {
  "passed-failed": { pass: ["passed", "completed/passed"], fail: ["failed", "incomplete/failed"], leave: ["incomplete", "incomplete/unknown"] },
  "passed-incomplete": { pass: ["passed", "completed/passed"], fail: ["incomplete", "incomplete/unknown"], leave: ["incomplete", "incomplete/unknown"] },
  "completed-incomplete": { pass: ["completed", "completed/unknown"], fail: ["incomplete", "incomplete/unknown"], leave: ["incomplete", "incomplete/unknown"] },
  "completed-passed": { pass: ["passed", "completed/passed"], fail: ["completed", "completed/unknown"], leave: ["incomplete", "incomplete/unknown"] },
};

/** What the LMS holds, in the table's terms, from its cmi data model. */
export function statusOf(version, cmi) {
  return version === "12" ? cmi.core.lesson_status : `${cmi.completion_status}/${cmi.success_status}`;
}
