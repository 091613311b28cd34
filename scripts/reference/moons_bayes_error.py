#!/usr/bin/env python3
"""The Bayes error of make_moons(noise=s), which scripts/labs/03_basic_recipe.dnn uses as the
human-level error of moons(noise: 0.3) (about 0.085). Monte Carlo: draw labelled points from
the generator (class 0 on (cos t, sin t), class 1 on (1 - cos t, 0.5 - sin t), t uniform in
[0, pi], plus N(0, s^2) noise), classify each by the class whose density is larger, count
the errors (40000 points: about ±0.15%).

Run: python3 scripts/reference/moons_bayes_error.py
"""
# Bayes error of make_moons(noise=s): class 0 on (cos t, sin t), class 1 on (1 - cos t, 0.5 - sin t), t ~ U[0, pi], + N(0, s^2 I)
import numpy as np
rng=np.random.default_rng(0)
def bayes(s, n=40000, k=2000):
    t=np.linspace(0,np.pi,k)
    c0=np.stack([np.cos(t),np.sin(t)],1); c1=np.stack([1-np.cos(t),0.5-np.sin(t)],1)
    y=rng.integers(0,2,n); u=rng.uniform(0,np.pi,n)
    p=np.where(y[:,None]==0, np.stack([np.cos(u),np.sin(u)],1), np.stack([1-np.cos(u),0.5-np.sin(u)],1))+rng.normal(0,s,(n,2))
    def dens(c):
        out=np.zeros(n)
        for i in range(0,n,2000):
            d=((p[i:i+2000,None,:]-c[None])**2).sum(-1)
            out[i:i+2000]=np.exp(-d/(2*s*s)).mean(1)
        return out
    pred=(dens(c1)>dens(c0)).astype(int)
    return (pred!=y).mean()
for s in (0.2,0.3,0.35): print(s, bayes(s))
