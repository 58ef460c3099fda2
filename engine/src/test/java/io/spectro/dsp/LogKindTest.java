package io.spectro.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spectro.LogScale;
import io.spectro.Presets;
import org.junit.jupiter.api.Test;

/** Each log scale maps to its log kind, and {@link SpecTables} reports the spec's. */
class LogKindTest {
    @Test
    void eachScaleHasItsKind() {
        assertEquals(LogKind.NONE, LogKind.of(null));
        assertEquals(LogKind.DB, LogKind.of(LogScale.Db.librosa()));
        assertEquals(LogKind.LN, LogKind.of(LogScale.Ln.kaldi()));
        assertEquals(LogKind.LOG10, LogKind.of(LogScale.Log10.whisper()));
    }

    @Test
    void tablesReportTheSpecsKind() {
        assertEquals(LogKind.LOG10, SpecTables.of(Presets.whisper()).logKind());
        assertEquals(LogKind.NONE, SpecTables.of(Presets.librosa()).logKind());
        assertEquals(LogKind.LN, SpecTables.of(Presets.kaldi()).logKind());
        float x = 0.25f;
        SpecTables db = SpecTables.of(
                Presets.librosa().toBuilder().log(LogScale.Db.librosa()).build());
        assertEquals(LogKind.DB, db.logKind());
        assertEquals(10 * DetMath.log10(x), ReferencePipeline.log(db, x));
        assertEquals(x, ReferencePipeline.log(SpecTables.of(Presets.librosa()), x));
    }
}
