# R side of bench_chisq_rep.py: Rscript chisq_rep_r.R data.csv replicates repeat
suppressMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1]); R <- as.integer(args[2]); rep <- as.integer(args[3])
des <- svydesign(id = ~psu, strata = ~area, weights = ~w, data = d, nest = TRUE)
i <- seq_len(nrow(d)) - 1
mult <- sapply(seq_len(R) - 1, function(r) (i * 7919 + r * 104729 + i * r * 31) %% 3)
rdes <- svrepdesign(data = d, weights = ~w, repweights = d$w * mult, type = "bootstrap",
                    combined.weights = TRUE)
timed <- function(f) { t <- numeric(rep); for (k in seq_len(rep)) t[k] <- system.time(v <- f())[["elapsed"]]; list(t = t, v = v) }
out <- list()
for (st in c("lincom", "saddlepoint")) {
  r <- timed(function() suppressWarnings(svychisq(~a3 + b4, des, statistic = st)$p.value))
  out[[st]] <- r
}
out$replicates <- timed(function() {
  m <- svymean(~y, rdes); t <- svytotal(~y, rdes)
  b <- svyby(~y, ~sex, rdes, svymean, covmat = TRUE)
  x <- svycontrast(b, c(1, -1))
  c(coef(m), SE(m), SE(t), SE(x))
})
for (k in names(out)) cat(k, paste(out[[k]]$t, collapse = ","), paste(trimws(format(unname(out[[k]]$v), digits = 15)), collapse = ","), "\n")
