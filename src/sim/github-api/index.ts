/** The loopback fake of GitHub's issue API (see server.ts). */
export { startGitHubApiServer, type FakeIssue, type GitHubApiServer, type GitHubCall } from './server.js';
