// Runs before the page is drawn (not deferred): marks that scripts run, so the phone menu can
// start collapsed without hiding the navigation from browsers that run no scripts.
document.documentElement.classList.add("js");
