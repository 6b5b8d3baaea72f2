//! Rules about the job aid: how long it runs and whether its font can print
//! all of its text. The aid is laid out as the PDF would be
//! ([`trellis_jobaid::measure`]), pictures sized from the course's asset
//! list, the aid's own words in the course's language.

use crate::cx::{Cx, course_loc};
use crate::rules::*;

/// Pages a job aid should fit on.
const MAX_PAGES: usize = 2;
/// Letters named in a message; more are summed up.
const LETTERS_SHOWN: usize = 8;

pub(crate) fn check_job_aid(cx: &mut Cx<'_>) {
    let course = cx.course;
    if !trellis_jobaid::has_job_aid(course) {
        return;
    }
    let measure = trellis_jobaid::measure(course);
    if measure.pages > MAX_PAGES {
        cx.emit(
            JOB_AID_LONG,
            course_loc(Some("Job aid")),
            format!(
                "The job aid runs to {} pages. It is meant to be kept at hand while working, \
                 and is easiest to use on one or two: leave out of it the blocks that are not \
                 needed at the point of work (each block's “In the job aid” choice), or \
                 shorten them.",
                measure.pages
            ),
        );
    }
    if !measure.missing_characters.is_empty() {
        let letters = measure
            .missing_characters
            .iter()
            .take(LETTERS_SHOWN)
            .map(|c| format!("“{c}”"))
            .collect::<Vec<_>>()
            .join(" ");
        let more = if measure.missing_characters.len() > LETTERS_SHOWN {
            " and more"
        } else {
            ""
        };
        cx.emit(
            JOB_AID_LETTERS,
            course_loc(Some("Job aid")),
            format!(
                "The job aid's font has no letters for some of its text ({letters}{more}): \
                 the printed job aid shows a question mark in their place. The phone page \
                 shows them. Reword the text marked for the job aid, or leave that text out \
                 of it."
            ),
        );
    }
}
