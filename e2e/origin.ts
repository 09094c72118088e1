// Where the e2e suite serves the built app. PRETEXT_E2E_PORT picks another port when several checkouts run their
// suites on one machine (the config reuses a running server, which would then be another checkout's).
export const port = Number(process.env.PRETEXT_E2E_PORT ?? 4173);
export const host = `localhost:${port}`;
