/* coursebuild player: quiz.js (being written) */
