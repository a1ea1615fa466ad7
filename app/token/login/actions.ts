"use server";

import { redirect } from "next/navigation";
import { signInSchema } from "@/lib/accounts/users";
import { fieldErrors } from "@/lib/security/json";
import { safeRedirectPath } from "@/lib/security/redirect";
import { serverAction } from "@/lib/security/server-action";
import { signInFailureMessage, TOKEN_HOME } from "@/lib/token/jwt";
import { signIn } from "@/lib/token/jwt/nextauth";

/**
 * Sign-in of the token area: next-auth's `signIn("credentials")`, which runs `authorize` (the shared
 * checkSignIn), encrypts the JWT and sets the cookie. Auth.js's CSRF token is skipped for server actions; the
 * Origin is checked by serverAction() first.
 */
export const tokenSignInAction = serverAction(
  { fields: ["email", "password", "next"], echo: ["email"] },
  async (input) => {
    const shape = signInSchema.safeParse(input);
    if (!shape.success) return { error: "Enter your email and password.", fields: fieldErrors(shape.error) };
    const target = safeRedirectPath(input.next, TOKEN_HOME);
    try {
      await signIn("credentials", {
        email: input.email,
        password: input.password,
        redirect: false,
        redirectTo: target,
      });
    } catch (error) {
      const message = signInFailureMessage(error);
      if (message) return { error: message };
      throw error;
    }
    redirect(target);
  },
);
