package io.spectro.device;

/** The frame-level work of a plan for one chunk of frames: {@link FrameStages} or {@link FusedFrameStages}. */
interface FrameLevel {
    /** Records every frame-level launch for batch frames {@code [g0, g0 + frames)} of the current piece. */
    void run(int g0, int frames);
}
