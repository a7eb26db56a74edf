// ESLint for the browser scripts in static/js: plain ES5 in <script> tags, no build step, no modules.
// `make lint` runs it (npm ci installs the pinned versions of package-lock.json into node_modules/).
import js from "@eslint/js";
import globals from "globals";

export default [
  // Only the project's own scripts: not the venv's packages, npm's, vendored or built files.
  { ignores: [".venv/**", "node_modules/**", "static/vendor/**", "build/**", "dist/**"] },
  {
    files: ["static/js/**/*.js"],
    languageOptions: {
      ecmaVersion: 5,
      sourceType: "script",
      globals: {
        ...globals.browser,
        io: "readonly", // the vendored Socket.IO client (static/vendor)
        renderResults: "readonly", // results.js sets window.renderResults for the console, screen and opbrengst
      },
    },
    rules: {
      ...js.configs.recommended.rules,
      "no-undef": "error",
      // Arguments a callback is handed but does not read are fine (an event handler's `event`), and
      // ES5 has no `catch {}` without a binding, so an unread `catch (e)` is fine too.
      "no-unused-vars": ["error", { args: "none", caughtErrors: "none" }],
    },
  },
];
