import type { Config } from "tailwindcss";

// Loaded from app/globals.css with `@config`. Tailwind v4 reads most settings from CSS; the theme extensions
// that the whole app shares live here so they are easy to find.
const config: Config = {
  content: ["./app/**/*.{ts,tsx}", "./components/**/*.{ts,tsx}"],
  theme: {
    extend: {
      colors: {
        session: { 50: "#eef6ff", 100: "#d9eaff", 500: "#2f6fed", 600: "#1f5bd6", 700: "#1849ad", 900: "#13306b" },
        token: { 50: "#fff5eb", 100: "#ffe7cc", 500: "#e8780c", 600: "#ad5207", 700: "#a14e08", 900: "#5c2d07" },
      },
      fontFamily: {
        mono: ["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace"],
      },
    },
  },
};

export default config;
