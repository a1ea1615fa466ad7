import { z } from "zod";

/** The JSON body of the refresh and sign-out endpoints: {refreshToken}. Its value is checked by lib/token/bearer/internal/refresh-store.ts. */
export const refreshTokenBody = z.object({
  refreshToken: z
    .string({
      error: (issue) => (issue.input === undefined ? "refreshToken is required." : "refreshToken must be text."),
    })
    .min(1, "refreshToken is required.")
    .max(512, "refreshToken is too long."),
});
