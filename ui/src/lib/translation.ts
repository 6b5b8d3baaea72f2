// What the translation commands answer (crates/trellis-app/src/translation.rs).

/** How far one target language is. */
export interface LanguageStatus {
  language: string;
  /** The language's own name ("Français"), or its code when Trellis has none. */
  name: string;
  translated: number;
  stale: number;
  missing: number;
  orphaned: number;
  total: number;
  /** Whether the course player has its own buttons and messages in this language. */
  player_strings: boolean;
}

export interface TranslationStatus {
  source: { language: string; name: string };
  languages: LanguageStatus[];
}

export type UnitState = 'translated' | 'stale' | 'missing';

/** One text of the course beside its translation. */
export interface TranslationUnit {
  id: string;
  /** Where the text appears, in the author's words. */
  context: string;
  markdown: boolean;
  limit: { chars: number; why: string } | null;
  purpose: string | null;
  source: string;
  text: string | null;
  state: UnitState;
}

export interface SetTranslationResult {
  unit: { id: string; text: string | null; state: UnitState };
  status: TranslationStatus;
}
