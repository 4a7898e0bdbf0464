#!/usr/bin/env Rscript
# Scores R's forecast::ets() and the seasonal naive forecast on the same portfolio monthly totals
# as creditsim's demand model, from the CSV that the calibration test writes
# (CREDITSIM_CALIBRATION_OUT; see scripts/forecast-calibration). Per holdout: share of held-out
# months inside the 80 % interval (p10..p90), by horizon month too, and MASE (mean absolute error
# over the in-sample mean absolute twelve-month change; the partial first month is already dropped).
# Usage: Rscript scripts/forecast-ets-comparison.R calibration.csv
suppressPackageStartupMessages(library(forecast))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 1) stop("usage: forecast-ets-comparison.R calibration.csv")
rows <- read.csv(args[1])

score <- function(holdout) {
  d <- rows[rows$holdout == holdout, ]
  out <- list()
  for (p in sort(unique(d$portfolio))) {
    fit <- d[d$portfolio == p & d$kind == "fit", ]
    held <- d[d$portfolio == p & d$kind == "held", ]
    y <- ts(fit$actual[order(fit$month)], frequency = 12)
    actual <- held$actual[order(held$month)]
    n <- length(y)
    scale <- mean(abs(y[13:n] - y[1:(n - 12)]))
    e <- forecast(ets(y), h = holdout, level = 80)
    s <- snaive(y, h = holdout, level = 80)
    ours <- held[order(held$month), ]
    add <- function(method, mean, lower, upper) {
      data.frame(method = method, portfolio = p, horizon = seq_len(holdout),
                 inside = actual >= lower & actual <= upper,
                 mase = mean(abs(mean - actual)) / scale)
    }
    out[[length(out) + 1]] <- add("creditsim", ours$mean, ours$p10, ours$p90)
    out[[length(out) + 1]] <- add("ets", as.numeric(e$mean), as.numeric(e$lower), as.numeric(e$upper))
    out[[length(out) + 1]] <- add("seasonal_naive", as.numeric(s$mean), as.numeric(s$lower), as.numeric(s$upper))
  }
  do.call(rbind, out)
}

for (holdout in sort(unique(rows$holdout))) {
  r <- score(holdout)
  cat(sprintf("\n%d months held out, %d portfolios\n", holdout, length(unique(r$portfolio))))
  cat(sprintf("%-15s %12s %12s %10s  %s\n", "method", "MASE mean", "MASE median", "coverage", "coverage by horizon month"))
  for (m in c("creditsim", "ets", "seasonal_naive")) {
    x <- r[r$method == m, ]
    per_portfolio <- x[x$horizon == 1, "mase"]
    by_h <- tapply(x$inside, x$horizon, mean)
    cat(sprintf("%-15s %12.2f %12.2f %9.1f%%  %s\n", m, mean(per_portfolio), median(per_portfolio),
                100 * mean(x$inside), paste(sprintf("%.0f", 100 * by_h), collapse = " ")))
  }
}
