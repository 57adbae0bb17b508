/* coursebuild player: state.js (being written) */
