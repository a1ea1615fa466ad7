import { refuseOtherMethods } from "@/lib/security/http";
import { handlers } from "@/lib/token/jwt/nextauth";

/** Auth.js's own endpoints (session, csrf, providers, callback/credentials, signout) for the token area. */
export const { GET, POST } = handlers;

export const { PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods("GET", "POST");
