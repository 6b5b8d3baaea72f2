// What the translation commands answer: made from the Rust types
// (crates/trellis-app/src/translation.rs) in ./generated.

export type {
  LanguageStatus,
  TranslationStatus,
  TranslationState as UnitState,
  TranslationUnit,
  TranslationSet as SetTranslationResult,
} from './generated';
