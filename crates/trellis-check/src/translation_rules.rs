//! Rules about a course's translations: texts a target language lacks or
//! holds from an older source, and target languages the player has no
//! strings for. Translations sit beside the course (see
//! `trellis_model::Translation`), so these rules take how far each is
//! translated rather than the course; [`check_translations`] adds their
//! findings to a [`Report`].
use crate::cx::course_loc;
use crate::rules::*;
use crate::{Finding, Location, Report, RuleInfo};

fn finding(rule: RuleInfo, language: &str, message: String) -> Finding {
    Finding {
        severity: rule.severity,
        rule: rule.id,
        location: Location {
            field: Some("translations".into()),
            language: Some(language.to_owned()),
            ..course_loc(Some(&format!("Translation “{language}”")))
        },
        message,
    }
}

/// Adds to `report` the findings about a course's translations, one
/// language after another, from how far each is translated (`statuses`,
/// e.g. [`trellis_translate::status`] or the course file's
/// `translation_status`); returns how many it added. `source` is the
/// course's own language.
pub fn check_translations(
    report: &mut Report,
    source: &str,
    statuses: &[trellis_translate::LanguageStatus],
) -> usize {
    let before = report.findings.len();
    for s in statuses {
        let lang = &s.language;
        if s.missing > 0 {
            let (has, them) = if s.missing == 1 {
                ("has", "it")
            } else {
                ("have", "them")
            };
            report.findings.push(finding(
                TRANSLATION_MISSING,
                lang,
                format!(
                    "{} of the {} texts of the course {has} no “{lang}” translation yet. \
                     Learners of the “{lang}” version would read {them} in the course's own \
                     language (“{source}”), and screen readers would pronounce {them} as \
                     “{lang}”. Translate {them} in the Languages view, or send the \
                     translator the texts still to do.",
                    s.missing,
                    s.total()
                ),
            ));
        }
        if s.stale > 0 {
            let message = if s.stale == 1 {
                format!(
                    "1 “{lang}” translation was made from a text that has changed since, so it \
                     may no longer say the same thing. It is still published until you update \
                     it: check it in the Languages view, or send it to the translator again."
                )
            } else {
                format!(
                    "{} “{lang}” translations were made from texts that have changed since, so \
                     they may no longer say the same thing. They are still published until you \
                     update them: check them in the Languages view, or send them to the \
                     translator again.",
                    s.stale
                )
            };
            report
                .findings
                .push(finding(TRANSLATION_STALE, lang, message));
        }
        if trellis_model::player_language(lang).is_none() {
            report.findings.push(finding(
                TRANSLATION_PLAYER_LANGUAGE,
                lang,
                crate::course_rules::player_language_message(
                    lang,
                    "The course has a translation into",
                ),
            ));
        }
    }
    report.findings.len() - before
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statuses(
        course: &trellis_model::Course,
        translations: &[trellis_model::Translation],
    ) -> Vec<trellis_translate::LanguageStatus> {
        let units = trellis_translate::unit_hashes(course);
        translations
            .iter()
            .map(|t| trellis_translate::status(&units, t))
            .collect()
    }

    #[test]
    fn missing_stale_and_player_language() {
        let course = trellis_model::sample::demo_course();
        let mut fr = trellis_translate::pseudo(&course, "fr");
        let first = fr.units.keys().next().unwrap().clone();
        fr.units.remove(&first);
        let second = fr.units.keys().next().unwrap().clone();
        fr.units.get_mut(&second).unwrap().source_hash = "0000000000000000".into();
        let sv = trellis_translate::pseudo(&course, "sv");
        let mut report = Report::default();
        assert_eq!(
            check_translations(&mut report, "en", &statuses(&course, &[fr, sv])),
            3
        );
        let rules: Vec<&str> = report.findings.iter().map(|f| f.rule).collect();
        assert_eq!(
            rules,
            [
                "translation-missing",
                "translation-stale",
                "translation-player-language"
            ]
        );
        assert!(
            report.findings[0].message.starts_with("1 of the "),
            "{}",
            report.findings[0].message
        );
        assert!(
            report.findings[1]
                .message
                .starts_with("1 “fr” translation was made")
        );
        assert!(report.findings[2].message.contains("“sv”"));
        for f in &report.findings {
            assert!(
                crate::rule(f.rule).is_some(),
                "{} is in the catalogue",
                f.rule
            );
        }
        // A complete translation into a player language: nothing to say.
        let mut clean = Report::default();
        assert_eq!(
            check_translations(
                &mut clean,
                "en",
                &statuses(&course, &[trellis_translate::pseudo(&course, "de")])
            ),
            0
        );
    }
}
