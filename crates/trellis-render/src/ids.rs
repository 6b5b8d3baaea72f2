//! Stable identifiers for tracking, derived from the model's ids.
//!
//! SCORM interaction ids are block ids and SCORM objective ids are objective
//! ids, as they are (the model keeps them free of dots and spaces). xAPI and
//! cmi5 activity ids are URNs built from the same ids, so republishing keeps
//! every learner's history attached.

use trellis_model::{BlockId, Course, LessonId, ObjectiveId};

/// `urn:trellis:course:{course}`
pub fn course_iri(course: &Course) -> String {
    format!("urn:trellis:course:{}", course.id)
}

/// `urn:trellis:course:{course}:lesson:{lesson}`
pub fn lesson_iri(course: &Course, lesson: &LessonId) -> String {
    format!("{}:lesson:{lesson}", course_iri(course))
}

/// `urn:trellis:course:{course}:question:{block}`
pub fn question_iri(course: &Course, block: &BlockId) -> String {
    format!("{}:question:{block}", course_iri(course))
}

/// `urn:trellis:course:{course}:objective:{objective}`
pub fn objective_iri(course: &Course, objective: &ObjectiveId) -> String {
    format!("{}:objective:{objective}", course_iri(course))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iris_follow_the_documented_shape() {
        let c = trellis_model::sample::demo_course();
        assert_eq!(course_iri(&c), "urn:trellis:course:demo");
        let l = LessonId::new("l-quiz").unwrap();
        assert_eq!(lesson_iri(&c, &l), "urn:trellis:course:demo:lesson:l-quiz");
        let b = BlockId::new("q-0").unwrap();
        assert_eq!(question_iri(&c, &b), "urn:trellis:course:demo:question:q-0");
        let o = ObjectiveId::new("obj-spot").unwrap();
        assert_eq!(
            objective_iri(&c, &o),
            "urn:trellis:course:demo:objective:obj-spot"
        );
    }
}
