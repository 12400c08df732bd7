// Play a compiled ink story with random choices for a number of seconds; print JSON rates.
// Usage: node run.js STORY.ink SECONDS MAX_CHOICES
// The same loop as bench/bench_play.py: each playthrough starts from the top, continues the
// text, picks one of the offered choices at random, and stops at END or after MAX_CHOICES.
"use strict";
const fs = require("fs");
const { Compiler } = require("inkjs/full");

const [source, seconds, maxChoices] = [fs.readFileSync(process.argv[2], "utf8"),
  Number(process.argv[3]), Number(process.argv[4])];
const story = new Compiler(source).Compile();

let seed = 1;
function random() { // a small seeded generator (mulberry32), so runs repeat
  seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

let choices = 0, playthroughs = 0;
const started = process.hrtime.bigint();
let elapsed = 0;
while (elapsed < seconds) {
  story.ResetState();
  seed = playthroughs + 1;
  let made = 0;
  for (;;) {
    while (story.canContinue) story.Continue();
    const offered = story.currentChoices.length;
    if (offered === 0 || made >= maxChoices) break;
    story.ChooseChoiceIndex(Math.floor(random() * offered));
    made += 1;
  }
  choices += made;
  playthroughs += 1;
  elapsed = Number(process.hrtime.bigint() - started) / 1e9;
}
process.stdout.write(JSON.stringify({ choices, playthroughs, seconds: elapsed }) + "\n");
