/* coursebuild player: player.js (being written) */
