# survey::rake on the benchmark sample. Usage: Rscript rake_r.R sample.csv margins.csv
# Prints one JSON line: seconds (rake only), iterations cap, max relative margin error.
suppressMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
df <- read.csv(args[1])
mg <- read.csv(args[2])  # columns: variable, category, total
des <- svydesign(ids = ~1, weights = ~w, data = df)
vars <- c("age", "sex", "area", "edu")
pops <- lapply(vars, function(v) {
  m <- mg[mg$variable == v, ]
  out <- data.frame(m$category, m$total)
  names(out) <- c(v, "Freq")
  out
})
forms <- lapply(vars, function(v) as.formula(paste("~", v)))
t0 <- proc.time()[["elapsed"]]
r <- rake(des, forms, pops, control = list(maxit = 500, epsilon = 1e-10))
secs <- proc.time()[["elapsed"]] - t0
w <- weights(r)
err <- 0
for (i in seq_along(vars)) {
  got <- tapply(w, df[[vars[i]]], sum)
  tgt <- pops[[i]]$Freq[match(names(got), pops[[i]][[1]])]
  err <- max(err, max(abs(got - tgt) / tgt))
}
cat(sprintf('{"peer": "R survey %s", "seconds": %.4f, "max_rel_error": %.3g}\n',
            as.character(packageVersion("survey")), secs, err))
