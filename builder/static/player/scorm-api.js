/* coursebuild player: scorm-api.js (being written) */
