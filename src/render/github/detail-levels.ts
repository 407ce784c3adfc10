// How much each job shows. The comment is rendered at the richest level that fits GitHub's size
// limit: evidence shrinks first, then facts and suspects, then jobs collapse to table rows.

export interface DetailLevel {
  maxEvidenceLines: number;
  maxEvidenceLineChars: number;
  maxFacts: number;
  maxFactItems: number;
  maxSuspects: number;
  maxReasons: number;
  /** Per-job sections; false leaves only the summary table. */
  sections: boolean;
  maxCauseChars: number;
  maxTableRows: number;
  maxResolved: number;
}

export const DETAIL_LEVELS: readonly DetailLevel[] = [
  {
    maxEvidenceLines: 10,
    maxEvidenceLineChars: 300,
    maxFacts: 10,
    maxFactItems: 6,
    // The suspect finder keeps five; the collapsed details can show them all.
    maxSuspects: 5,
    maxReasons: 3,
    sections: true,
    maxCauseChars: 600,
    maxTableRows: 50,
    maxResolved: 50,
  },
  {
    maxEvidenceLines: 4,
    maxEvidenceLineChars: 160,
    maxFacts: 8,
    maxFactItems: 4,
    maxSuspects: 3,
    maxReasons: 2,
    sections: true,
    maxCauseChars: 400,
    maxTableRows: 50,
    maxResolved: 30,
  },
  {
    maxEvidenceLines: 0,
    maxEvidenceLineChars: 0,
    maxFacts: 4,
    maxFactItems: 3,
    maxSuspects: 1,
    maxReasons: 1,
    sections: true,
    maxCauseChars: 300,
    maxTableRows: 50,
    maxResolved: 20,
  },
  {
    maxEvidenceLines: 0,
    maxEvidenceLineChars: 0,
    maxFacts: 0,
    maxFactItems: 0,
    maxSuspects: 1,
    maxReasons: 0,
    sections: true,
    maxCauseChars: 200,
    maxTableRows: 50,
    maxResolved: 10,
  },
  {
    maxEvidenceLines: 0,
    maxEvidenceLineChars: 0,
    maxFacts: 0,
    maxFactItems: 0,
    maxSuspects: 0,
    maxReasons: 0,
    sections: false,
    maxCauseChars: 140,
    maxTableRows: 100,
    maxResolved: 10,
  },
  {
    maxEvidenceLines: 0,
    maxEvidenceLineChars: 0,
    maxFacts: 0,
    maxFactItems: 0,
    maxSuspects: 0,
    maxReasons: 0,
    sections: false,
    maxCauseChars: 80,
    maxTableRows: 20,
    maxResolved: 0,
  },
];
