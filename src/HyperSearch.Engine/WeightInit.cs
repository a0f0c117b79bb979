namespace HyperSearch.Engine;

/// <summary>
/// Weight initialisation. Zeros: all 0 (the lecture's symmetry failure). SmallRandom: 0.01·N(0,1).
/// Xavier: N(0,1)/√fan_in (the lecture's form of Glorot 2010). He: N(0,1)·√(2/fan_in) (He et al.
/// 2015). Biases start at 0 in those. PyTorchDefault: what torch.nn.Linear and Conv2d start from
/// (kaiming_uniform with a = √5): W and b ~ U(−1/√fan_in, 1/√fan_in), there so that a run can be set
/// beside a PyTorch peer's on equal terms (the reference workload's peer uses it).
/// </summary>
public enum WeightInit
{
    Zeros,
    SmallRandom,
    Xavier,
    He,
    PyTorchDefault,
}
